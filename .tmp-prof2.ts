import { HitBuffer, KeywordMatcher } from './lib/rules/matcher';
import { normalize } from './lib/rules/normalize';
import { DEFAULT_RULE_INPUTS } from './lib/rules/packs';
import { readFileSync } from 'node:fs';
const lines = readFileSync('/work/shared/corpus/dev-messages.jsonl','utf8').trim().split('\n').map(l=>JSON.parse(l).text as string);
const words = DEFAULT_RULE_INPUTS.flatMap(r=>r.triggers.keywords??[]);
const m = KeywordMatcher.compile(words.map((w,i)=>({pattern:w, tag:i})));
const b = new HitBuffer();
for (let rep=0;rep<3;rep++){
let t=performance.now();
for (let i=0;i<200000;i++) normalize(lines[i%lines.length]!);
const tn=performance.now()-t; t=performance.now();
for (let i=0;i<200000;i++) m.scan(normalize(lines[i%lines.length]!), b);
console.log('normalize/msg us', (tn/200).toFixed(2), 'norm+scan us', ((performance.now()-t)/200).toFixed(2));
}
