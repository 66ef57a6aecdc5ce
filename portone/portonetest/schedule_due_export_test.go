package portonetest

// DeleteBillingKeyDespiteSchedules deletes a billing key as DELETE /billing-keys/{billingKey}
// would, without its refusal of a key that still has a SCHEDULED schedule, for the tests of a due
// schedule whose key is gone: a state the API never reaches, which the run must still handle.
func DeleteBillingKeyDespiteSchedules(s *Server, key string) {
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.billingKeys[key].deletedAt = now
}
