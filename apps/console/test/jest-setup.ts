// jsdom has no TextEncoder/TextDecoder; react-router needs them at import time.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
