package portone

import (
	"encoding/json"
)

// replyNaming returns the JSON object body with its top-level string
// member set to id: a fixture made to describe the object a test asks for.
func replyNaming(body, member, id string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		panic(err)
	}
	v, _ := json.Marshal(id)
	m[member] = v
	out, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(out)
}
