package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// addresses are the listen addresses of the admin API and the three sandboxes.
type addresses struct{ admin, bootpay, portone, commerce string }

// servers are the running sandboxes and the admin API in front of them.
type servers struct {
	bootpay  *bootpaytest.Server
	portone  *portonetest.Server
	commerce *commercetest.Server
	admin    *http.Server
	adminURL string
	// warning names the addresses bound beyond loopback; empty when none is.
	warning string
}

// start opens every address first, so that an address in use is reported by
// name before anything runs, then starts the sandboxes on them.
func start(a addresses) (*servers, error) {
	names := []string{"admin", "bootpay", "portone", "commerce"}
	var ls []net.Listener
	for i, addr := range []string{a.admin, a.bootpay, a.portone, a.commerce} {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			for _, open := range ls {
				open.Close()
			}
			return nil, fmt.Errorf("-%s %s: %w", names[i], addr, err)
		}
		ls = append(ls, l)
	}
	s := &servers{
		bootpay:  bootpaytest.NewServer(bootpaytest.WithListener(ls[1])),
		portone:  portonetest.NewServer(portonetest.WithListener(ls[2])),
		commerce: commercetest.NewServer(commercetest.WithListener(ls[3])),
		adminURL: "http://" + ls[0].Addr().String() + "/admin",
	}
	bound := make([]net.Addr, len(ls))
	for i, l := range ls {
		bound[i] = l.Addr()
	}
	s.warning = exposedWarning(names, bound)
	s.admin = &http.Server{Handler: guardAdmin(s.adminHandler(), a.admin, ls[0].Addr()), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.admin.Serve(ls[0]); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "sandbox: admin API stopped:", err)
		}
	}()
	return s, nil
}

// Close stops the admin API and the three sandboxes.
func (s *servers) Close() {
	s.admin.Close()
	s.bootpay.Close()
	s.portone.Close()
	s.commerce.Close()
}

// info is what GET /admin answers and the banner prints: where each sandbox is
// and which (fake, public) test keys it accepts.
type info struct {
	Bootpay  gatewayInfo `json:"bootpay"`
	PortOne  gatewayInfo `json:"portone"`
	Commerce gatewayInfo `json:"commerce"`
	Admin    []string    `json:"admin"`
}

type gatewayInfo struct {
	BaseURL string            `json:"base_url"`
	Keys    map[string]string `json:"keys"`
}

func (s *servers) info() info {
	return info{
		Bootpay: gatewayInfo{BaseURL: s.bootpay.URL(), Keys: map[string]string{
			"client_key": bootpaytest.ClientKey, "secret_key": bootpaytest.SecretKey,
			"application_id": bootpaytest.ApplicationID, "private_key": bootpaytest.PrivateKey,
		}},
		PortOne: gatewayInfo{BaseURL: s.portone.URL(), Keys: map[string]string{
			"api_secret": portonetest.APISecret, "store_id": portonetest.StoreID,
			"channel_key": portonetest.ChannelKey,
		}},
		Commerce: gatewayInfo{BaseURL: s.commerce.URL(), Keys: map[string]string{
			"client_key": commercetest.ClientKey, "secret_key": commercetest.SecretKey,
		}},
		Admin: adminRoutes,
	}
}

// printBanner prints the base URLs, the test keys and the admin routes. The
// keys are the sandboxes' fixed fakes, never real credentials.
func (s *servers) printBanner(w io.Writer) {
	in := s.info()
	fmt.Fprintln(w, "paykit sandboxes: fake gateways on this machine, no money moves (Ctrl-C stops them)")
	fmt.Fprintf(w, "  Bootpay PG   %s\n", in.Bootpay.BaseURL)
	fmt.Fprintf(w, "               client_key=%s secret_key=%s\n", bootpaytest.ClientKey, bootpaytest.SecretKey)
	fmt.Fprintf(w, "               application_id=%s private_key=%s (legacy token auth)\n", bootpaytest.ApplicationID, bootpaytest.PrivateKey)
	fmt.Fprintf(w, "  PortOne V2   %s\n", in.PortOne.BaseURL)
	fmt.Fprintf(w, "               api_secret=%s\n", portonetest.APISecret)
	fmt.Fprintf(w, "               store_id=%s channel_key=%s\n", portonetest.StoreID, portonetest.ChannelKey)
	fmt.Fprintf(w, "  Commerce     %s\n", in.Commerce.BaseURL)
	fmt.Fprintf(w, "               client_key=%s secret_key=%s\n", commercetest.ClientKey, commercetest.SecretKey)
	fmt.Fprintf(w, "  admin API    %s\n", s.adminURL)
	for _, r := range adminRoutes {
		fmt.Fprintf(w, "               %s\n", strings.Replace(r, "/admin", s.adminURL, 1))
	}
}
