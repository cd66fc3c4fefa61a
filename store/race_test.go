//go:build race

package store

// raceEnabled: under the race detector, long loops run fewer rounds.
const raceEnabled = true
