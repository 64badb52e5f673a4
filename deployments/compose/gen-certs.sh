#!/bin/sh
# Makes a private CA and the certificates the compose deployment needs, in
# ./tls (or the folder given as $1):
#   ca.pem                                  the CA (keep ca-key.pem offline afterwards)
#   nats-server.pem, nats-server-key.pem    the NATS nodes: serving clients and routes
#   daotao-client.pem, daotao-client-key.pem  the daotao replicas (mutual TLS)
#   ops-client.pem, ops-client-key.pem      operators' nats CLI
# Certificates are valid for 825 days; run again (with a new folder) to
# renew, then restart the containers. An organisation with its own PKI
# issues these instead.
set -eu

dir=${1:-./tls}
days=825
mkdir -p "$dir"
cd "$dir"
umask 077

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
	-subj "/CN=daotao NATS CA" -keyout ca-key.pem -out ca.pem \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# issue NAME CN EKU [SAN]
issue() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$2" \
		-keyout "$1-key.pem" -out "$1.csr"
	{
		echo "basicConstraints=CA:FALSE"
		echo "keyUsage=critical,digitalSignature"
		echo "extendedKeyUsage=$3"
		[ -n "${4:-}" ] && echo "subjectAltName=$4"
	} >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
		-days "$days" -sha256 -extfile "$1.ext" -out "$1.pem"
	rm "$1.csr" "$1.ext"
}

issue nats-server "nats" "serverAuth,clientAuth" "DNS:nats-1,DNS:nats-2,DNS:nats-3,DNS:localhost,IP:127.0.0.1"
issue daotao-client "daotao" "clientAuth"
issue ops-client "ops" "clientAuth"

# The containers run as non-root users: the NATS image as root is fine,
# daotao as uid 65532 (distroless nonroot) must read its key.
chmod 0644 ca.pem nats-server.pem daotao-client.pem ops-client.pem
chmod 0640 nats-server-key.pem daotao-client-key.pem
if [ "$(id -u)" = 0 ]; then chown 65532 daotao-client-key.pem; fi
echo "certificates in $(pwd); move ca-key.pem somewhere safe"
