package excel

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
)

// sortedZip is the zip writer excelize saves through. excelize writes its
// streamed sheets by ranging over a map, so their order in the archive — and
// the file's bytes — change from run to run. sortedZip deflates each part as
// it comes into one spool file and, on Close, copies the compressed parts
// into the archive in name order, without timestamps: the same workbook gives
// the same bytes, in bounded memory however large the streamed sheets are.
// A few small parts are held whole and rewritten before they are written:
// the content types, whose entries excelize writes in a changing order, and
// the charts, which excelize writes without the values they show.
type sortedZip struct {
	out    *zip.Writer
	tmpDir string
	spool  *os.File
	parts  []spooledPart
	cur    *spooledPart
	deflat *flate.Writer
	count  countingWriter
	crc    hashWriter
	// rewrites are the parts held and rewritten, by name; done names those
	// written, so that one excelize never wrote is an error, not a silent
	// omission.
	rewrites map[string]func([]byte) ([]byte, error)
	done     map[string]bool
	held     bytes.Buffer // the part being held
}

type spooledPart struct {
	name           string
	offset, length int64
	crc            uint32
	size           uint64
}

// newSortedZip writes the archive to out, spooling in tmpDir; the parts
// named in rewrites are held whole and written as their function rewrites
// them (the content types are always put in order).
func newSortedZip(out io.Writer, tmpDir string, rewrites map[string]func([]byte) ([]byte, error)) *sortedZip {
	all := map[string]func([]byte) ([]byte, error){contentTypesPart: sortedDefaults}
	for name, f := range rewrites {
		all[name] = f
	}
	return &sortedZip{out: zip.NewWriter(out), tmpDir: tmpDir, rewrites: all, done: map[string]bool{}}
}

// Create starts a new part; the previous one is finished.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	if z.spool == nil {
		f, err := os.CreateTemp(z.tmpDir, "zhengzhi-xlsx-")
		if err != nil {
			return nil, fmt.Errorf("workbook spool file: %w", err)
		}
		z.spool = f
		z.count.w = f
		// Level 5 is what archive/zip itself uses: same speed, same size.
		z.deflat, _ = flate.NewWriter(&z.count, 5)
	} else {
		z.deflat.Reset(&z.count)
	}
	z.cur = &spooledPart{name: name, offset: z.count.n}
	z.crc = hashWriter{w: z.deflat, crc: 0}
	if z.rewrites[name] != nil {
		z.held.Reset()
		return &z.held, nil
	}
	return &z.crc, nil
}

// AddFS adds every file of fsys as a part.
func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		w, err := z.Create(name)
		if err != nil {
			return err
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	if rewrite := z.rewrites[z.cur.name]; rewrite != nil {
		part, err := rewrite(z.held.Bytes())
		if err != nil {
			return fmt.Errorf("rewrite %s: %w", z.cur.name, err)
		}
		if _, err := z.crc.Write(part); err != nil {
			return fmt.Errorf("compress %s: %w", z.cur.name, err)
		}
		z.done[z.cur.name] = true
	}
	if err := z.deflat.Close(); err != nil {
		return fmt.Errorf("compress %s: %w", z.cur.name, err)
	}
	z.cur.length = z.count.n - z.cur.offset
	z.cur.crc, z.cur.size = z.crc.crc, z.crc.n
	z.parts = append(z.parts, *z.cur)
	z.cur = nil
	return nil
}

// Close writes the parts in name order and ends the archive.
func (z *sortedZip) Close() error {
	err := z.finish()
	if z.spool != nil {
		defer os.Remove(z.spool.Name())
		defer z.spool.Close()
	}
	if err != nil {
		return err
	}
	var missing []string
	for name := range z.rewrites {
		if !z.done[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("workbook parts to rewrite were never written: %v", missing)
	}
	sort.Slice(z.parts, func(i, j int) bool { return z.parts[i].name < z.parts[j].name })
	for _, p := range z.parts {
		w, err := z.out.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(p.length), UncompressedSize64: p.size,
		})
		if err != nil {
			return fmt.Errorf("zip part %s: %w", p.name, err)
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.spool, p.offset, p.length)); err != nil {
			return fmt.Errorf("zip part %s: %w", p.name, err)
		}
	}
	return z.out.Close()
}

// contentTypesPart lists the package's parts and file extensions; excelize
// writes its <Default> extension entries from a map, in a changing order.
const contentTypesPart = "[Content_Types].xml"

var defaultEntry = regexp.MustCompile(`<Default [^>]*?(/>|></Default>)`)

// sortedDefaults puts the <Default> entries of the content types part (which
// excelize writes one after another) in a fixed order.
func sortedDefaults(xml []byte) ([]byte, error) {
	loc := defaultEntry.FindAllIndex(xml, -1)
	if len(loc) < 2 {
		return xml, nil
	}
	entries := make([]string, len(loc))
	length := 0
	for i, l := range loc {
		entries[i] = string(xml[l[0]:l[1]])
		length += len(entries[i])
	}
	start, end := loc[0][0], loc[len(loc)-1][1]
	if end-start != length {
		return xml, nil // not one run of entries: leave it as it is
	}
	sort.Strings(entries)
	out := append([]byte{}, xml[:start]...)
	out = append(out, strings.Join(entries, "")...)
	return append(out, xml[end:]...), nil
}

// countingWriter counts the compressed bytes written to the spool.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// hashWriter keeps the CRC-32 and length of a part's uncompressed bytes.
type hashWriter struct {
	w   io.Writer
	crc uint32
	n   uint64
}

func (h *hashWriter) Write(p []byte) (int, error) {
	h.crc = crc32.Update(h.crc, crc32.IEEETable, p)
	h.n += uint64(len(p))
	return h.w.Write(p)
}
