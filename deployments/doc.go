// Package deployments holds no code: it is the home of the deployment
// files (NATS cluster, Docker Compose, Kubernetes, systemd; see README.md)
// and of the tests that load them with the real parsers, start a NATS
// cluster from the very configuration files, and check that the files
// agree with each other and with the daotao command line.
package deployments
