package portone

// errOf keeps only the error of a service call, so a table case that
// checks what a call refuses or sends reads as one expression.
func errOf(_ any, err error) error { return err }

// modified returns p after mod has changed it: a valid params value with
// one field broken, for the validation and id tables.
func modified[P any](p P, mod func(*P)) P {
	mod(&p)
	return p
}
