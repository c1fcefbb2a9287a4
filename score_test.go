package zhengzhi_test

import (
	"encoding/json"
	"testing"

	"zhengzhi"
)

// TestScoreJSON reads scores from their decimal text exactly, half away from
// zero at the third decimal, and writes them back unchanged.
func TestScoreJSON(t *testing.T) {
	for text, want := range map[string]zhengzhi.Score{
		"1.005": 101, "-1.005": -101, "2.345": 235, "0.125": 13, "87.25": 8725, "1.004999": 100,
		"90": 9000, "1e1": 1000, "-0.004": 0, "0.015": 2,
	} {
		var s zhengzhi.Score
		if err := json.Unmarshal([]byte(text), &s); err != nil || s != want {
			t.Errorf("%s read as %d, %v; want %d", text, s, err, want)
		}
	}
	for _, bad := range []string{`"1.0"`, `true`, `1.2.3`} {
		var s zhengzhi.Score
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("%s read as %d", bad, s)
		}
	}
	b, _ := json.Marshal([]zhengzhi.Score{8725, 101, -500, 0})
	if string(b) != "[87.25,1.01,-5,0]" {
		t.Errorf("written %s", b)
	}
}
