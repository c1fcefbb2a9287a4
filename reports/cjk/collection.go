package cjk

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// A font collection (.ttc) holds several faces sharing their glyphs; Debian
// ships most free Chinese faces so (WenQuanYi Micro Hei, AR PL UMing). The
// PDF library embeds single fonts only, and every document embeds a subset
// made here anyway, so a face of a collection whose outlines are TrueType is
// taken out of it in memory — its tables copied into a font file of its own,
// a matter of milliseconds — and used like any .ttf. A path names the face
// by its number after '#': "/usr/share/fonts/truetype/arphic/uming.ttc#3";
// without one, the first face.

// splitFace splits a font path into the file and the face number in it.
func splitFace(path string) (file string, face int) {
	i := strings.LastIndexByte(path, '#')
	if i < 0 {
		return path, 0
	}
	n, err := strconv.Atoi(path[i+1:])
	if err != nil || n < 0 {
		return path, 0
	}
	return path[:i], n
}

// extractFace is face number n of a TrueType collection as a font file of
// its own.
func extractFace(path string, data []byte, n int) ([]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("字体集合 %s 不完整", path)
	}
	count := int(binary.BigEndian.Uint32(data[8:]))
	if n >= count || 12+4*count > len(data) {
		return nil, fmt.Errorf("字体集合 %s 只有 %d 个字体（编号 0–%d），没有第 %d 号", path, count, count-1, n)
	}
	at := int(binary.BigEndian.Uint32(data[12+4*n:]))
	if at+12 > len(data) {
		return nil, fmt.Errorf("字体集合 %s 的第 %d 号字体超出文件末尾", path, n)
	}
	switch version := data[at : at+4]; {
	case bytes.Equal(version, []byte("OTTO")):
		return nil, fmt.Errorf("字体集合 %s 的第 %d 号字体是 CFF 轮廓，PDF 库只能嵌入 TrueType 轮廓字体", path, n)
	case !bytes.Equal(version, []byte{0, 1, 0, 0}) && !bytes.Equal(version, []byte("true")):
		return nil, fmt.Errorf("字体集合 %s 的第 %d 号字体不是 TrueType 字体", path, n)
	}
	tables, err := readTables(data, at, fmt.Sprintf("字体集合 %s 的第 %d 号字体", path, n))
	if err != nil {
		return nil, err
	}
	return assemble(tables), nil
}
