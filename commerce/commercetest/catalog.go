package commercetest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// The sandbox's catalog, customers and customer groups: each kept as the
// JSON object the sandbox writes (productWire, userWire, groupWire), in
// creation order.

// ProductImages returns how many image files were uploaded with a
// product, and false when there is no such product.
func (s *Server) ProductImages(productID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.products[productID]
	if p == nil {
		return 0, false
	}
	return len(p.Images), true
}

// handleProductCreate serves POST /v1/products: a JSON product, or a
// multipart form whose files are images[0], images[1], … (a repeated
// "images" field is refused, as Commerce's Rails server cannot read it).
func (s *Server) handleProductCreate(r *http.Request, body []byte) sandbox.Response {
	p, ok := s.readProduct(r, body)
	if !ok || p.Name == "" || p.DisplayPrice == nil {
		return s.errorResponse(CodeParamInvalid, "name과 display_price가 필요합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ProductID = s.nextID()
	s.products[p.ProductID] = p
	s.productOrder = append(s.productOrder, p.ProductID)
	s.stats.Count(func(st *Stats) { st.ProductsCreated++ })
	return sandbox.JSON(http.StatusOK, p)
}

// readProduct reads a product from a JSON or multipart body.
func (s *Server) readProduct(r *http.Request, body []byte) (*productWire, bool) {
	p := &productWire{}
	media, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if media != "multipart/form-data" {
		return p, sandbox.DecodeObject(body, p) == nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	fields := map[string]json.RawMessage{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		data, err := io.ReadAll(part)
		name := part.FormName()
		switch {
		case err != nil || name == "images":
			return nil, false
		case part.FileName() != "":
			if i, ok := imageIndex(name); !ok || i != len(p.Images) {
				return nil, false
			}
			p.Images = append(p.Images, "https://sandbox.commerce.test/images/"+part.FileName())
		default:
			fields[name] = formJSON(data)
		}
	}
	raw, _ := json.Marshal(fields)
	images := p.Images
	if json.Unmarshal(raw, p) != nil {
		return nil, false
	}
	p.Images = images
	return p, true
}

// imageIndex reads the i of a field named images[i].
func imageIndex(name string) (int, bool) {
	inner, ok := strings.CutPrefix(name, "images[")
	if !ok || !strings.HasSuffix(inner, "]") {
		return 0, false
	}
	i, err := strconv.Atoi(strings.TrimSuffix(inner, "]"))
	return i, err == nil && i >= 0
}

// formJSON reads a text part as JSON: numbers and true/false as they are,
// anything else as a string.
func formJSON(text []byte) json.RawMessage {
	if json.Valid(text) && len(text) > 0 && text[0] != '"' {
		return text
	}
	quoted, _ := json.Marshal(string(text))
	return quoted
}

// handleProductGet serves GET /v1/products/{product_id}.
func (s *Server) handleProductGet(r *http.Request, _ []byte) sandbox.Response {
	return lookup(s, s.products, r.PathValue("product_id"), CodeProductNotFound)
}

// handleProductList serves GET /v1/products with page, limit, keyword (in
// the name) and category_id, in creation order.
func (s *Server) handleProductList(r *http.Request, _ []byte) sandbox.Response {
	return listed(s, r, 20, func() []string { return s.productOrder }, s.products, func(q url.Values, p *productWire) bool {
		return strings.Contains(p.Name, q.Get("keyword")) && (q.Get("category_id") == "" || p.CategoryID == q.Get("category_id"))
	})
}

// handleProductUpdate serves PUT /v1/products/{product_id} and its
// /status: the fields sent replace the product's.
func (s *Server) handleProductUpdate(r *http.Request, body []byte) sandbox.Response {
	return withStored(s, s.products, r.PathValue("product_id"), CodeProductNotFound, func(p *productWire) sandbox.Response {
		next := *p
		if sandbox.DecodeObject(body, &next) != nil {
			return s.errorResponse(CodeParamInvalid, "본문은 JSON 객체여야 합니다.")
		}
		next.ProductID = p.ProductID
		*p = next
		return sandbox.JSON(http.StatusOK, p)
	})
}

// handleProductDelete serves DELETE /v1/products/{product_id}.
func (s *Server) handleProductDelete(r *http.Request, _ []byte) sandbox.Response {
	return remove(s, s.products, r.PathValue("product_id"), CodeProductNotFound)
}

// handleUserJoin serves POST /v1/users/join: a login id of 5–30
// characters (or an external uid), unique.
func (s *Server) handleUserJoin(_ *http.Request, body []byte) sandbox.Response {
	var u userWire
	if sandbox.DecodeObject(body, &u) != nil || (u.LoginID == "" && u.ExternalUID == "") ||
		(u.LoginID != "" && (len([]rune(u.LoginID)) < 5 || len([]rune(u.LoginID)) > 30)) {
		return s.errorResponse(CodeParamInvalid, "login_id는 5~30자여야 합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, other := range s.users {
		if u.LoginID != "" && other.LoginID == u.LoginID {
			return s.errorResponse(CodeParamInvalid, "이미 가입된 login_id입니다.")
		}
	}
	u.UserID, u.MembershipType, u.Status, u.LoginPW = s.nextID(), 1, 1, ""
	s.users[u.UserID] = &u
	s.userOrder = append(s.userOrder, u.UserID)
	s.stats.Count(func(st *Stats) { st.UsersJoined++ })
	return sandbox.JSON(http.StatusOK, u)
}

// handleUserGet serves GET /v1/users/{user_id}.
func (s *Server) handleUserGet(r *http.Request, _ []byte) sandbox.Response {
	return lookup(s, s.users, r.PathValue("user_id"), CodeUserNotFound)
}

// handleUserList serves GET /v1/users with page, limit and keyword, in
// joining order.
func (s *Server) handleUserList(r *http.Request, _ []byte) sandbox.Response {
	return listed(s, r, 20, func() []string { return s.userOrder }, s.users, func(q url.Values, u *userWire) bool {
		return strings.Contains(u.LoginID+" "+u.Name+" "+u.Email, q.Get("keyword"))
	})
}

// withStored answers a request about the object m holds under id: h gets
// it under the server's lock, and an unknown id is answered with notFound.
func withStored[T any](s *Server, m map[string]*T, id, notFound string, h func(v *T) sandbox.Response) sandbox.Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := m[id]
	if v == nil {
		return s.errorResponse(notFound, "")
	}
	return h(v)
}

// lookup answers the object stored under id, or notFound.
func lookup[T any](s *Server, m map[string]*T, id, notFound string) sandbox.Response {
	return withStored(s, m, id, notFound, func(v *T) sandbox.Response { return sandbox.JSON(http.StatusOK, v) })
}

// remove deletes the object stored under id, or answers notFound. Its id
// may stay in an order list: listed skips the ids m no longer holds.
func remove[T any](s *Server, m map[string]*T, id, notFound string) sandbox.Response {
	return withStored(s, m, id, notFound, func(*T) sandbox.Response {
		delete(m, id)
		return success()
	})
}

// success is the {"success":true} answer of a delete or a notification.
func success() sandbox.Response {
	return sandbox.JSON(http.StatusOK, map[string]bool{"success": true})
}

// listed answers one page (page, limit: default perPage) of the objects of
// m that keep accepts, in the order of the ids order returns under the
// server's lock.
func listed[T any](s *Server, r *http.Request, perPage int, order func() []string, m map[string]*T, keep func(url.Values, *T) bool) sandbox.Response {
	q := r.URL.Query()
	page, limit, resp, ok := s.pageQuery(q, perPage)
	if !ok {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []T
	for _, id := range order() {
		if v := m[id]; v != nil && keep(q, v) {
			matched = append(matched, *v)
		}
	}
	return listResponse(s, paged(matched, page, limit), len(matched))
}

// handleUserDelete serves DELETE /v1/users/{user_id}.
func (s *Server) handleUserDelete(r *http.Request, _ []byte) sandbox.Response {
	return remove(s, s.users, r.PathValue("user_id"), CodeUserNotFound)
}

// handleGroupCreate serves POST /v1/user-groups: corporate_type 1 or 2,
// a business number for a corporate group.
func (s *Server) handleGroupCreate(_ *http.Request, body []byte) sandbox.Response {
	var g groupWire
	if sandbox.DecodeObject(body, &g) != nil || (g.CorporateType != 1 && g.CorporateType != 2) {
		return s.errorResponse(CodeParamInvalid, "corporate_type은 1 또는 2여야 합니다.")
	}
	if g.CorporateType == 2 && g.BusinessNumber == "" {
		return s.errorResponse(CodeBusinessNumberBlank, "")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g.UserGroupID, g.Members = s.nextID(), []string{}
	s.groups[g.UserGroupID] = &g
	return sandbox.JSON(http.StatusOK, g)
}

// handleGroupGet serves GET /v1/user-groups/{id}.
func (s *Server) handleGroupGet(r *http.Request, _ []byte) sandbox.Response {
	return lookup(s, s.groups, r.PathValue("id"), CodeUserGroupNotFound)
}

// handleGroupMember serves POST /v1/user-groups/{id}/user (add: true) and
// DELETE /v1/user-groups/{id}/user/{user_id}.
func (s *Server) handleGroupMember(add bool) func(r *http.Request, body []byte) sandbox.Response {
	return func(r *http.Request, body []byte) sandbox.Response {
		userID := r.PathValue("user_id")
		if add {
			var req struct {
				UserID string `json:"user_id"`
			}
			if sandbox.DecodeObject(body, &req) != nil {
				return s.errorResponse(CodeParamInvalid, "user_id가 필요합니다.")
			}
			userID = req.UserID
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groups[r.PathValue("id")]
		switch {
		case g == nil:
			return s.errorResponse(CodeUserGroupNotFound, "")
		case s.users[userID] == nil:
			return s.errorResponse(CodeUserNotFound, "")
		}
		g.Members = slices.DeleteFunc(g.Members, func(id string) bool { return id == userID })
		if add {
			g.Members = append(g.Members, userID)
			s.users[userID].UserGroupID = g.UserGroupID
		} else if s.users[userID].UserGroupID == g.UserGroupID {
			s.users[userID].UserGroupID = ""
		}
		g.Count = len(g.Members)
		return sandbox.JSON(http.StatusOK, g)
	}
}
