package session

// SetImportLogChunk sets how many access log entries an import writes in
// one transaction, for a test, and puts it back when the test ends.
func SetImportLogChunk(n int) (restore func()) {
	old := importLogChunk
	importLogChunk = n
	return func() { importLogChunk = old }
}
