package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
)

// The steps in the order they run.
const (
	StepIngest = "ingest"
	StepAssess = "assess"
	StepPDF    = "pdf"
	StepExcel  = "excel"
	StepLedger = "ledger"
	StepPortal = "portal"
)

// Result is one bench run: every step of the pipeline timed beside the same
// work done by the bare engine.
type Result struct {
	Scale     string `json:"scale"`
	Warehouse string `json:"warehouse"` // the dialect: sqlite, postgres or mysql
	// Rows is how many rows the bureau databases held (the ingest's input).
	Rows  int64  `json:"rows"`
	Steps []Step `json:"steps"`
}

// Step is one step's measurement.
type Step struct {
	Step    string  `json:"step"`
	Seconds float64 `json:"seconds"`
	// Units is what the step produces, counted: rows, queries, files.
	Units     int64   `json:"units"`
	UnitName  string  `json:"unit"`
	PerSecond float64 `json:"per_second"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// RawSeconds is the same work done by the bare engine, and Ratio the
	// step's time over it (1.35 = 35% slower than the bare engine).
	RawSeconds float64 `json:"raw_seconds"`
	RawRSSMB   float64 `json:"raw_peak_rss_mb"`
	Ratio      float64 `json:"ratio"`
	// Raw says what the bare engine did, in a few words.
	Raw string `json:"raw"`
	// The portal step's own figures: requests served in its fixed time, the
	// unit pages' latency quantiles, and the bare file server's download
	// rate (its Ratio is that rate over the portal's).
	Requests     int64   `json:"requests,omitempty"`
	P50MS        float64 `json:"p50_ms,omitempty"`
	P99MS        float64 `json:"p99_ms,omitempty"`
	RawPerSecond float64 `json:"raw_per_second,omitempty"`
}

// newStep fills the rates of a step from its two measurements.
func newStep(name string, units int64, unitName string, got, raw measurement, rawWhat string) Step {
	s := Step{Step: name, Seconds: round(got.Seconds, 3), Units: units, UnitName: unitName,
		PeakRSSMB: round(got.PeakRSSMB, 0), RawSeconds: round(raw.Seconds, 3), RawRSSMB: round(raw.PeakRSSMB, 0), Raw: rawWhat}
	if got.Seconds > 0 {
		s.PerSecond = round(float64(units)/got.Seconds, 0)
	}
	if raw.Seconds > 0 {
		s.Ratio = round(got.Seconds/raw.Seconds, 2)
	}
	return s
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// WriteJSON writes the result as indented JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteTable writes the result as a Markdown table, ready for
// docs/performance.md, with a line per step saying what the raw engine did.
func (r *Result) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "scale %s, warehouse %s, %d source rows\n\n", r.Scale, r.Warehouse, r.Rows)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| step\t| seconds\t| work\t| per second\t| peak RSS MB\t| raw seconds\t| raw RSS MB\t| ratio\t|")
	fmt.Fprintln(tw, "|---\t|--:\t|--:\t|--:\t|--:\t|--:\t|--:\t|--:\t|")
	for _, s := range r.Steps {
		fmt.Fprintf(tw, "| %s\t| %.2f\t| %d %s\t| %.0f\t| %.0f\t| %.2f\t| %.0f\t| %.2f\t|\n",
			s.Step, s.Seconds, s.Units, s.UnitName, s.PerSecond, s.PeakRSSMB, s.RawSeconds, s.RawRSSMB, s.Ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, s := range r.Steps {
		fmt.Fprintf(w, "- raw %s: %s\n", s.Step, s.Raw)
		if s.Step == StepPortal {
			fmt.Fprintf(w, "- portal: unit pages p50 %.1f ms, p99 %.1f ms; %d requests, %.0f/s; downloads: bare ÷ ours = %.2f\n",
				s.P50MS, s.P99MS, s.Requests, s.PerSecond, s.Ratio)
		}
	}
	return nil
}
