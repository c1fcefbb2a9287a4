package zhengzhi_test

import (
	"testing"

	"zhengzhi"
)

func TestUSCCCheckDigit(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
		wantErr bool
	}{
		// Published codes of real enterprises, so the weights are checked against the world.
		{"91350100M000100Y4", '3', false}, // 91350100M000100Y43
		{"91110000100006485", 'K', false}, // 91110000100006485K
		{"91440300708461136", 'T', false}, // 91440300708461136T
		{"00000000000000000", '0', false}, // Σ = 0 → (31 − 0) mod 31 = 0
		{"9135010", 0, true},              // too short
		{"91350100I000100Y4", 0, true},    // I is not in the alphabet
		{"91350100m000100Y4", 0, true},    // lower case is not either
	}
	for _, tt := range tests {
		got, err := zhengzhi.USCCCheckDigit(tt.first17)
		if (err != nil) != tt.wantErr {
			t.Errorf("USCCCheckDigit(%q) error = %v, want error %v", tt.first17, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("USCCCheckDigit(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

func TestValidUSCC(t *testing.T) {
	tests := []struct {
		code        string
		ok, checkOK bool
	}{
		{"91350100M000100Y43", true, true},
		{"91110000100006485K", true, true},
		{"91350100M000100Y44", true, false}, // legacy code: loads with a warning
		{"91350100M000100Y4", false, false}, // 17 characters
		{"91350100M000100Y433", false, false},
		{"91350100O000100Y43", false, false}, // letter O
		{"91350100S000100Y43", false, false}, // letter S
		{"91350100m000100Y43", false, false}, // lower case
		{"", false, false},
		{"9135010０M000100Y4", false, false}, // a full-width digit is more than one byte
	}
	for _, tt := range tests {
		ok, checkOK := zhengzhi.ValidUSCC(tt.code)
		if ok != tt.ok || checkOK != tt.checkOK {
			t.Errorf("ValidUSCC(%q) = %v, %v; want %v, %v", tt.code, ok, checkOK, tt.ok, tt.checkOK)
		}
	}
}
