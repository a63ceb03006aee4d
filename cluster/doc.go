// Package cluster keeps rxepic's promises across the replicas of a
// service, on NATS JetStream: one refresh per token family generation
// whichever replica meets the 401 (package family), and actions carried
// between stores over JetStream (package bridge). Package embedded runs a
// NATS server with JetStream inside the process, for tests, demos and
// single-binary use; give a URL to use a real cluster instead.
//
// It is a module of its own so that the core module's go.mod gains no
// NATS dependency.
package cluster
