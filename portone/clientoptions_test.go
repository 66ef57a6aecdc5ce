package portone_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/portone"
)

// TestClientOptionsOfOtherGateways: an option only bootpay has is refused
// by portone.NewClient with an error naming it; portone's own options and
// the shared ones keep their rules and name portone.
func TestClientOptionsOfOtherGateways(t *testing.T) {
	c, err := portone.NewClient("secret", bootpay.WithEnvironment(bootpay.Stage))
	assert.Nil(t, c)
	assert.EqualError(t, err, "portone: bootpay.WithEnvironment is an option of another gateway's client")

	_, err = portone.NewClient("secret", portone.WithDefaultStoreID(" store"))
	assert.EqualError(t, err, "portone: invalid storeID: has leading or trailing white space")
	_, err = portone.NewClient("secret", portone.WithMaxResponseBytes(0))
	assert.EqualError(t, err, "portone: response limit must be positive")
	_, err = portone.NewClient("secret", portone.WithBaseURL(""))
	assert.True(t, strings.HasPrefix(err.Error(), "portone: base URL"), err.Error())
	_, err = portone.NewClient("secret", bootpay.WithLogger(nil), portone.WithTokenAuth(), portone.WithDefaultStoreID("store-1"))
	assert.NoError(t, err)
}
