//go:build race

package main

// raceDetector reports whether the tests run with -race, where building
// the demo takes several times longer.
const raceDetector = true
