package commerce

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// UserGroupsService manages customer groups (기업/개인 그룹): create, list,
// look up, change, members, purchase limits and aggregate billing. Use it
// through Client.UserGroups.
type UserGroupsService struct{ c *Client }

// userGroupEndpoints are the operations of UserGroupsService. Groups
// themselves take the user role; members, limits and aggregate billing
// need manager (Bootpay's old add_user / remove_user paths are dead). The
// limit and aggregate-billing changes stay Keyed although Commerce's
// deduplication by Idempotency-Key is UNCONFIRMED: each sets one group's
// settings to the values sent, so a repeat leaves the same state and
// charges nothing. The other writes are Unsafe (creation would make a
// second group).
var userGroupEndpoints = struct {
	create, list, get, update, addUser, removeUser, limit, aggregate transport.Endpoint
}{
	create:     transport.Endpoint{Op: "user_groups.create", Method: http.MethodPost, Route: "/user-groups", Class: transport.Unsafe, Header: RoleUser.header()},
	list:       transport.Endpoint{Op: "user_groups.list", Method: http.MethodGet, Route: "/user-groups", Class: transport.Safe, Header: RoleUser.header()},
	get:        transport.Endpoint{Op: "user_groups.get", Method: http.MethodGet, Route: "/user-groups/{user_group_id}", Class: transport.Safe, Header: RoleUser.header()},
	update:     transport.Endpoint{Op: "user_groups.update", Method: http.MethodPut, Route: "/user-groups/{user_group_id}", Class: transport.Unsafe, Header: RoleUser.header()},
	addUser:    transport.Endpoint{Op: "user_groups.add_user", Method: http.MethodPost, Route: "/user-groups/{user_group_id}/user", Class: transport.Unsafe, Header: RoleManager.header()},
	removeUser: transport.Endpoint{Op: "user_groups.remove_user", Method: http.MethodDelete, Route: "/user-groups/{user_group_id}/user/{user_id}", Class: transport.Unsafe, Header: RoleManager.header()},
	limit:      transport.Endpoint{Op: "user_groups.limit", Method: http.MethodPut, Route: "/user-groups/{user_group_id}/limit", Class: transport.Keyed, Header: RoleManager.header()},
	aggregate:  transport.Endpoint{Op: "user_groups.aggregate_transaction", Method: http.MethodPut, Route: "/user-groups/{user_group_id}/aggregate-transaction", Class: transport.Keyed, Header: RoleManager.header()},
}

const defaultUserGroupLimit = 20

// Create creates a group: POST /user-groups (Unsafe). A corporate group
// needs its business number.
//
// Create is never sent again once it may have reached Commerce (a repeat
// would make a second group): an unknown outcome is an
// *OutcomeUnknownError carrying p.ExternalUID; before creating again,
// look for a group with that external uid (All). Without an ExternalUID
// the error's Reference is empty and the group can only be found by its
// other fields: set one. An answer naming another external_uid (compared
// without surrounding space) or another corporate_type than p (each
// compared only when both name one) is not this group, and ends as that
// *OutcomeUnknownError too.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) Create(ctx context.Context, p UserGroupParams, opts ...RequestOption) (*UserGroup, error) {
	if err := p.validate(true); err != nil {
		return nil, err
	}
	return created(ctx, s.c, &userGroupEndpoints.create, &p, p.ExternalUID, func(g *UserGroup) []answerField {
		return []answerField{
			idField("user group external_uid", g.ExternalUID, p.ExternalUID),
			{"user group corporate_type", numberText(int64(g.CorporateType)), numberText(int64(p.CorporateType))},
		}
	}, opts)
}

// List returns one page of groups: GET /user-groups (Safe).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) List(ctx context.Context, p UserGroupListParams, opts ...RequestOption) (*Page[UserGroup], error) {
	return pageOf[UserGroup](ctx, s.c, &userGroupEndpoints.list, &p, defaultUserGroupLimit, opts)
}

// All iterates over every group matching p, fetching pages lazily;
// breaking out of the loop stops fetching.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) All(ctx context.Context, p UserGroupListParams, opts ...RequestOption) iter.Seq2[*UserGroup, error] {
	return everyPage[UserGroup](ctx, s.c, &userGroupEndpoints.list, &p, defaultUserGroupLimit, opts)
}

// Get looks a group up: GET /user-groups/{id} (Safe). A 2xx reply
// naming another user_group_id is a *DecodeError, never that group: a bad
// reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) Get(ctx context.Context, id string, opts ...RequestOption) (*UserGroup, error) {
	return lookup(ctx, s.c, &userGroupEndpoints.get, "id", "user group", id,
		func(g *UserGroup) string { return g.UserGroupID }, opts)
}

// Update changes a group: PUT /user-groups/{id} (Unsafe). An answer
// naming another group (user_group_id) is an *OutcomeUnknownError
// carrying id, never that group.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) Update(ctx context.Context, id string, p UserGroupParams, opts ...RequestOption) (*UserGroup, error) {
	if err := p.validate(false); err != nil {
		return nil, err
	}
	return byID(ctx, s.c, &userGroupEndpoints.update, "id", "user group", id, &p, func(g *UserGroup) string { return g.UserGroupID }, opts)
}

// AddUser adds a customer to a group: POST /user-groups/{id}/user with
// {user_id} (role manager, Unsafe).
//
// An *OutcomeUnknownError (Reference: id) means the customer may or may
// not have been added: look the customer up (Users.Get: its
// user_group_id) before adding again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) AddUser(ctx context.Context, id, userID string, opts ...RequestOption) (*Ack, error) {
	if err := checkID("userID", userID); err != nil {
		return nil, err
	}
	return send[Ack](ctx, s.c, &userGroupEndpoints.addUser, arg("id", id), userIDBody{userID}, id, opts)
}

// RemoveUser removes a customer from a group: DELETE
// /user-groups/{id}/user/{user_id} (role manager, Unsafe).
//
// An *OutcomeUnknownError (Reference: id) means the customer may or may
// not have been removed: look the customer up (Users.Get: its
// user_group_id) before removing again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) RemoveUser(ctx context.Context, id, userID string, opts ...RequestOption) (*Ack, error) {
	args := []transport.Arg{{Field: "id", Value: id}, {Field: "userID", Value: userID}}
	return send[Ack](ctx, s.c, &userGroupEndpoints.removeUser, args, nil, id, opts)
}

// SetLimits sets a group's purchase limits: PUT /user-groups/{id}/limit
// (role manager, Keyed).
//
// An *OutcomeUnknownError (Reference: id) means the limits may or may not
// be set: repeat the call with the same limits and
// WithIdempotencyKey(err.IdempotencyKey), which leaves them set either
// way, or look the group up (Get).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) SetLimits(ctx context.Context, id string, l GroupLimits, opts ...RequestOption) (*Ack, error) {
	return send[Ack](ctx, s.c, &userGroupEndpoints.limit, arg("id", id), &l, id, opts)
}

// SetAggregateTransaction turns a group's aggregate billing on or off
// (합산 청구): PUT /user-groups/{id}/aggregate-transaction (role manager,
// Keyed).
//
// An *OutcomeUnknownError (Reference: id) means the setting may or may
// not be changed: repeat the call with the same values and
// WithIdempotencyKey(err.IdempotencyKey), which leaves them set either
// way, or look the group up (Get).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UserGroupsService) SetAggregateTransaction(ctx context.Context, id string, a AggregateTransaction, opts ...RequestOption) (*Ack, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	return send[Ack](ctx, s.c, &userGroupEndpoints.aggregate, arg("id", id), &a, id, opts)
}
