// PDFs written byte by byte for tests, with their cross-reference offsets computed.
/** A PDF written byte by byte, with its cross-reference offsets computed. */
export function makePdf(objects: string[], trailer = ''): Buffer {
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`
}

/** Pages 3, 4, … each with its content stream right after it; the font is the last object. */
export function pdfWithPages(contents: string[], font: string[] = ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'], trailer = ''): Buffer {
  const fontRef = 3 + contents.length * 2
  const kids = contents.map((_, i) => `${3 + i * 2} 0 R`).join(' ')
  const pages = contents.flatMap((content, i) => [
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontRef} 0 R >> >> /Contents ${4 + i * 2} 0 R >>`,
    stream(content),
  ])
  return makePdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${contents.length} >>`, ...pages, ...font], trailer)
}


/** One page of Chinese lines in a non-embedded Adobe-GB1 font (STSong-Light), as Chinese office software writes them. */
export function chinesePdf(lines: string[]): Buffer {
  const text = lines
    .map((line, i) => `${i === 0 ? '' : '0 -20 Td '}<${Buffer.from(line, 'utf16le').swap16().toString('hex')}> Tj`)
    .join(' ')
  return pdfWithPages([`BT /F1 12 Tf 72 720 Td ${text} ET`], [
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ])
}
