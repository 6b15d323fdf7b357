// Real IndexedDB semantics in Node: every test file gets a fresh in-memory factory.
import 'fake-indexeddb/auto';
