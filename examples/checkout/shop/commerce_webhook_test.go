package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// commerceWebhook posts a Commerce order webhook to instance i as Commerce
// would (JSON) and returns the answer's status.
func (f *fixture) commerceWebhook(t *testing.T, i int, p webhooktest.CommercePayload) int {
	t.Helper()
	req, err := webhooktest.NewCommerceRequest(f.inst[i].api.URL+"/webhooks/commerce", p.JSON(), false)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
