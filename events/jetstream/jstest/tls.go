package jstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TLSFiles are the PEM files of a private CA made for one test.
type TLSFiles struct {
	// CA is the CA's certificate.
	CA string
	// Cert and Key are a certificate for the hosts given to WriteTLS,
	// good for serving and, as NATS routes need, for connecting as a
	// client.
	Cert, Key string
	// ClientCert and ClientKey are a client certificate for "daotao".
	ClientCert, ClientKey string
}

// WriteTLS creates a CA and the certificates of TLSFiles in tb.TempDir().
// hosts are DNS names or IP addresses, such as "localhost", "127.0.0.1".
// The certificates are valid for an hour.
func WriteTLS(tb testing.TB, hosts ...string) TLSFiles {
	tb.Helper()
	dir := tb.TempDir()
	caKey := newKey(tb)
	caTmpl := template(tb, "daotao test CA")
	caTmpl.IsCA, caTmpl.BasicConstraintsValid = true, true
	caTmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	caDER := sign(tb, caTmpl, caTmpl, caKey, caKey)
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		tb.Fatalf("parse CA: %v", err)
	}
	f := TLSFiles{CA: writePEM(tb, dir, "ca.pem", "CERTIFICATE", caDER)}

	srv := template(tb, hosts[0])
	srv.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			srv.IPAddresses = append(srv.IPAddresses, ip)
		} else {
			srv.DNSNames = append(srv.DNSNames, h)
		}
	}
	f.Cert, f.Key = issue(tb, dir, "server", srv, ca, caKey)

	client := template(tb, "daotao")
	client.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	f.ClientCert, f.ClientKey = issue(tb, dir, "client", client, ca, caKey)
	return f
}

func issue(tb testing.TB, dir, name string, tmpl, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (cert, key string) {
	tb.Helper()
	k := newKey(tb)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der := sign(tb, tmpl, ca, k, caKey)
	keyDER, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		tb.Fatalf("marshal key: %v", err)
	}
	return writePEM(tb, dir, name+"-cert.pem", "CERTIFICATE", der), writePEM(tb, dir, name+"-key.pem", "PRIVATE KEY", keyDER)
}

func newKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatalf("generate key: %v", err)
	}
	return k
}

func template(tb testing.TB, cn string) *x509.Certificate {
	tb.Helper()
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		tb.Fatalf("serial: %v", err)
	}
	now := time.Now()
	return &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Minute), NotAfter: now.Add(time.Hour)}
}

func sign(tb testing.TB, tmpl, parent *x509.Certificate, key, parentKey *ecdsa.PrivateKey) []byte {
	tb.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		tb.Fatalf("create certificate %s: %v", tmpl.Subject.CommonName, err)
	}
	return der
}

func writePEM(tb testing.TB, dir, name, typ string, der []byte) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		tb.Fatalf("write %s: %v", name, err)
	}
	return path
}
