export { scenarios } from '../../stage-1-loop/check/scenarios';
