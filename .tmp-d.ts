import { normalize } from './lib/rules/normalize';
import { similarity } from './lib/rules/behaviour';
const a = normalize('全场五折快来抢购').text, b = normalize('全 场 五 折 快来抢购！！').text, c = normalize('全场五折快来抢购～').text;
console.log(JSON.stringify([a,b,c]), similarity(c,a), similarity(c,b));
