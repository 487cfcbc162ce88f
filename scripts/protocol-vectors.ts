// Prints the test vectors of docs/PROTOCOL.md (computed by test/wire/protocol-vectors.ts)
// and its field-bounds table (test/wire/bounds-table.ts).
import { formatVectors, protocolVectors } from '../test/wire/protocol-vectors.js'
import { boundsTable } from '../test/wire/bounds-table.js'

process.stdout.write('```vectors\n' + formatVectors(protocolVectors()) + '\n```\n')
process.stdout.write('\n<!-- bounds -->\n' + boundsTable() + '\n<!-- /bounds -->\n')
