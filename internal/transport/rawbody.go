package transport

import "encoding/json"

// A RawBody is a request body the gateway code encoded itself, sent as it
// is with its own Content-Type instead of being JSON-encoded: a multipart
// form (Commerce's product creation with images). Its bytes are built
// once, so every attempt of the call sends the same bytes (the same
// multipart boundary).
type RawBody struct {
	ContentType string
	Bytes       []byte
}

// encodeBody returns the bytes and Content-Type of a call's body: a
// *RawBody as it is, anything else JSON-encoded once; nil sends no body.
func encodeBody(body any) ([]byte, string, error) {
	switch b := body.(type) {
	case nil:
		return nil, "", nil
	case *RawBody:
		return b.Bytes, b.ContentType, nil
	}
	data, err := json.Marshal(body)
	return data, "application/json", err
}
