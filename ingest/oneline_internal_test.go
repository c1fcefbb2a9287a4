package ingest

import "testing"

// TestErrorsAreOneLine: a driver's message with line breaks and tabs is
// stored and shown on one line.
func TestErrorsAreOneLine(t *testing.T) {
	got := oneLine("ERROR: relation \"x\" does not exist\n\tDETAIL:\tsee\r\n  here")
	if want := `ERROR: relation "x" does not exist DETAIL: see here`; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}
