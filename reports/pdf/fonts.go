package pdf

import (
	"bytes"
	"fmt"
	"io/fs"

	"go.yaml.in/yaml/v3"

	"zhengzhi/reports/cjk"
)

// FontFiles names the TrueType file of each typographic role. It has the
// fields of config.Fonts, so a run's config converts to it directly.
type FontFiles struct {
	Regular string `yaml:"regular"`
	Bold    string `yaml:"bold"`
	Title   string `yaml:"title"`   // 小标宋-like, document titles
	Body    string `yaml:"body"`    // 仿宋-like, official-document text
	Heading string `yaml:"heading"` // 黑体-like, headings 一、
	Kai     string `yaml:"kai"`     // 楷体-like, headings （一）
}

// ReadFontFiles reads the font set fonts.yaml of a templates folder.
func ReadFontFiles(templates fs.FS) (FontFiles, error) {
	var f FontFiles
	text, err := fs.ReadFile(templates, "fonts.yaml")
	if err != nil {
		return f, fmt.Errorf("字体配置 fonts.yaml: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("字体配置 fonts.yaml: %w", err)
	}
	return f, nil
}

// With overrides the files that over names, keeping the others.
func (f FontFiles) With(over FontFiles) FontFiles {
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	return FontFiles{
		Regular: pick(f.Regular, over.Regular), Bold: pick(f.Bold, over.Bold),
		Title: pick(f.Title, over.Title), Body: pick(f.Body, over.Body),
		Heading: pick(f.Heading, over.Heading), Kai: pick(f.Kai, over.Kai),
	}
}

// role is a typographic role; each maps to one font file.
type role int

const (
	regular role = iota
	bold
	title
	body
	heading
	kai
	roles
)

// Fonts is a loaded font set. Each file is read and parsed once per process
// (cjk.Load caches it) and shared by every document and goroutine; each
// document embeds subsets of the faces it uses (cjk.Face.Subset).
type Fonts struct {
	faces    [roles]*cjk.Face
	families [roles]string // the maroto family of each role; one per distinct file
}

// LoadFonts loads every file of the set; an empty name is an error naming the role.
func LoadFonts(files FontFiles) (*Fonts, error) {
	names := [roles]struct{ key, path string }{
		{"regular", files.Regular}, {"bold", files.Bold}, {"title", files.Title},
		{"body", files.Body}, {"heading", files.Heading}, {"kai", files.Kai},
	}
	fs := &Fonts{}
	family := map[string]string{}
	for r, n := range names {
		if n.path == "" {
			return nil, fmt.Errorf("字体配置缺少 %s 字体文件", n.key)
		}
		face, err := cjk.Load(n.path)
		if err != nil {
			return nil, fmt.Errorf("字体 %s: %w", n.key, err)
		}
		if _, ok := family[n.path]; !ok {
			family[n.path] = fmt.Sprintf("zz%d", len(family))
		}
		fs.faces[r], fs.families[r] = face, family[n.path]
	}
	return fs, nil
}

// faceOf is the face of a maroto family.
func (fs *Fonts) faceOf(family string) *cjk.Face {
	for r, f := range fs.families {
		if f == family {
			return fs.faces[r]
		}
	}
	return nil
}
