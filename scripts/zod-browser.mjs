// zod for the browser bundle (scripts/build-light.mjs maps `zod` here): the classic API
// with English messages only. zod's own `z` is a namespace object that holds every locale
// (some 40), which no bundler can leave out; the genesis schema the light client parses
// needs none of them.
import * as schemas from '../node_modules/zod/v4/classic/schemas.js'
import * as iso from '../node_modules/zod/v4/classic/iso.js'
import { config } from '../node_modules/zod/v4/core/index.js'
import en from '../node_modules/zod/v4/locales/en.js'

config(en())
export const z = { ...schemas, iso }
