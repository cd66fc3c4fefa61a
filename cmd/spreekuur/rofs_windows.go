package main

// isReadOnlyFS: Windows reports write-protected media as access denied,
// which vaultWritable already treats as read-only.
func isReadOnlyFS(error) bool { return false }
