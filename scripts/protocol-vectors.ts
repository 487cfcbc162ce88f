// Prints the test vectors of docs/PROTOCOL.md (computed by test/wire/protocol-vectors.ts).
import { formatVectors, protocolVectors } from '../test/wire/protocol-vectors.js'

process.stdout.write('```vectors\n' + formatVectors(protocolVectors()) + '\n```\n')
