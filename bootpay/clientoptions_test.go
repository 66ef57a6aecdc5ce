package bootpay_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/portone"
)

// TestClientOptionsOfOtherGateways: bootpay and portone take the same
// option type; an option only the other gateway has is refused by
// NewClient with an error naming it, and the shared options' refusals
// name bootpay.
func TestClientOptionsOfOtherGateways(t *testing.T) {
	auth := bootpay.BasicAuth("ck", "sk")
	for _, opt := range []bootpay.Option{portone.WithTokenAuth(), portone.WithDefaultStoreID("store-1")} {
		c, err := bootpay.NewClient(auth, opt)
		assert.Nil(t, c)
		assert.ErrorContains(t, err, "is an option of another gateway's client")
		assert.True(t, strings.HasPrefix(err.Error(), "bootpay: portone.With"), err.Error())
	}
	_, err := bootpay.NewClient(auth, bootpay.WithEnvironment(bootpay.Stage), portone.WithTimeout(time.Second))
	assert.NoError(t, err, "a shared option is the same option whichever package names it")
	_, err = bootpay.NewClient(auth, bootpay.WithTimeout(0))
	assert.EqualError(t, err, "bootpay: timeout must be positive")
	_, err = bootpay.NewClient(auth, bootpay.WithEnvironment("qa"))
	assert.EqualError(t, err, `bootpay: unknown environment "qa"`)
}
