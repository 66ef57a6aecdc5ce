package commerce

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parts reads a multipart body into field name → content.
func parts(t *testing.T, contentType string, body []byte) map[string]string {
	t.Helper()
	media, params, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", media)
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	out := map[string]string{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		out[p.FormName()] = string(b)
	}
}

// A product with image files is created by ONE multipart request: the
// fields as text (booleans true/false), the files as images[0], images[1];
// no second JSON request follows.
func TestProductCreateWithImagesIsOneMultipartRequest(t *testing.T) {
	m, c := newWire(t, `{"product_id":"p1"}`)
	_, err := c.Products.Create(context.Background(), ProductParams{
		Name: "녹차", DisplayPrice: ptrTo[int64](12000), UseStock: ptrTo(true),
		ImageFiles: []ImageFile{{Filename: "a.png", ContentType: "image/png", Data: []byte("PNG-A")}, {Filename: "b.jpg", Data: []byte("JPG-B")}},
	})
	require.NoError(t, err)
	reqs := m.Requests()
	require.Len(t, reqs, 1, "one request, never a JSON repost")
	assert.Equal(t, "manager", reqs[0].Header.Get("BOOTPAY-ROLE"))
	assert.Empty(t, reqs[0].Header.Get("Idempotency-Key"), "creation is Unsafe: no key net/http could replay it under")
	got := parts(t, reqs[0].Header.Get("Content-Type"), reqs[0].Body)
	assert.Equal(t, map[string]string{"name": "녹차", "display_price": "12000", "use_stock": "true",
		"images[0]": "PNG-A", "images[1]": "JPG-B"}, got)
}

// Retries of a multipart change (Keyed) resend the same bytes (same
// boundary) under the same Idempotency-Key.
func TestProductMultipartRetriesAreIdentical(t *testing.T) {
	m, c := newWire(t, `{"product_id":"p1"}`)
	m.Then(http.StatusServiceUnavailable, `{"status":503,"code":"SERVER_ERROR","message":"x"}`)
	_, err := c.Products.Update(context.Background(), "p1", ProductParams{Name: "녹차", DisplayPrice: ptrTo[int64](1),
		ImageFiles: []ImageFile{{Filename: "a.png", Data: []byte("A")}}})
	require.NoError(t, err)
	reqs := m.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Body, reqs[1].Body)
	assert.Equal(t, reqs[0].Header.Get("Content-Type"), reqs[1].Header.Get("Content-Type"))
	require.NotEmpty(t, reqs[0].Header.Get("Idempotency-Key"))
	assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"))
}

// Bad product input is refused before any I/O.
func TestProductValidation(t *testing.T) {
	m, c := newWire(t, `{}`)
	ctx := context.Background()
	for _, p := range []ProductParams{
		{DisplayPrice: ptrTo[int64](1)},
		{Name: "x"},
		{Name: "x", DisplayPrice: ptrTo[int64](-1)},
		{Name: "x", DisplayPrice: ptrTo[int64](1), Images: []string{"https://x/a.png"}, ImageFiles: []ImageFile{{Filename: "a", Data: []byte("a")}}},
		{Name: "x", DisplayPrice: ptrTo[int64](1), ImageFiles: []ImageFile{{Filename: "a\"b", Data: []byte("a")}}},
	} {
		_, err := c.Products.Create(ctx, p)
		var ve *ValidationError
		assert.ErrorAs(t, err, &ve)
	}
	assert.Empty(t, m.Requests())
}
