import {randomUUID} from 'node:crypto';
import {gzipSync} from 'node:zlib';

/** The demo streams: what the explorer shows first when it runs on its embedded engine. */
export const DEMO_STREAMS = {
	clickstream: 'clickstream',
	logs: 'app-logs',
	orders: 'orders',
} as const;

export type DemoRecord = {stream: string; partitionKey: string; data: Uint8Array};

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
	items[Math.floor(random() * items.length)] as T;

const USERS = Array.from({length: 40}, (_, index) => `u-${1000 + index * 37}`);
const COUNTRIES = ['DE', 'US', 'FR', 'JP', 'BR', 'IN', 'GB', 'NL'];
const PAGES = [
	'/',
	'/search',
	'/products/espresso-grinder',
	'/products/kettle',
	'/cart',
	'/checkout',
];
const EVENTS = ['page_view', 'page_view', 'page_view', 'click', 'add_to_cart', 'purchase'];
const SERVICES = ['checkout', 'catalog', 'payments', 'auth'];
const encoder = new TextEncoder();

/** One realistic record for one of the demo streams, chosen by weight. */
export function demoRecord(random: Random = Math.random, now: Date = new Date()): DemoRecord {
	const roll = random();
	if (roll < 0.6) {
		return clickEvent(random, now);
	}
	if (roll < 0.9) {
		return random() < 0.15 ? logSubscriptionBatch(random, now) : logLine(random, now);
	}
	return random() < 0.1 ? sensorFrame(random) : order(random, now);
}

function clickEvent(random: Random, now: Date): DemoRecord {
	const user = pick(random, USERS);
	const event = {
		event_id: randomUUID(),
		type: pick(random, EVENTS),
		user: {id: user, country: pick(random, COUNTRIES)},
		page: pick(random, PAGES),
		referrer: random() < 0.3 ? 'https://www.example.com/' : null,
		ts: now.toISOString(),
	};
	return {stream: DEMO_STREAMS.clickstream, partitionKey: user, data: json(event)};
}

function logText(random: Random, now: Date, service: string): string {
	const level = random() < 0.05 ? 'ERROR' : random() < 0.15 ? 'WARN ' : 'INFO ';
	const millis = Math.round(5 + random() * 400);
	const messages = [
		`order ${Math.floor(random() * 90_000) + 10_000} placed by ${pick(random, USERS)} in ${millis} ms`,
		`GET ${pick(random, PAGES)} 200 ${millis} ms`,
		`cache miss for product ${Math.floor(random() * 500)}, fetched in ${millis} ms`,
		`retrying payment provider call (attempt ${1 + Math.floor(random() * 3)})`,
	];
	return `${now.toISOString()} ${level} [${service}] ${pick(random, messages)}`;
}

function logLine(random: Random, now: Date): DemoRecord {
	const service = pick(random, SERVICES);
	return {
		stream: DEMO_STREAMS.logs,
		partitionKey: service,
		data: encoder.encode(logText(random, now, service)),
	};
}

/** What a CloudWatch Logs subscription delivers: gzip'd JSON, binary on the wire. */
function logSubscriptionBatch(random: Random, now: Date): DemoRecord {
	const service = pick(random, SERVICES);
	const envelope = {
		messageType: 'DATA_MESSAGE',
		owner: '000000000000',
		logGroup: `/ecs/${service}`,
		logStream: `${service}/web/${randomUUID().slice(0, 8)}`,
		subscriptionFilters: ['to-kinesis'],
		logEvents: Array.from({length: 1 + Math.floor(random() * 3)}, () => ({
			id: String(Math.floor(random() * 1e15)),
			timestamp: now.getTime(),
			message: logText(random, now, service),
		})),
	};
	return {stream: DEMO_STREAMS.logs, partitionKey: service, data: gzipSync(json(envelope))};
}

function order(random: Random, now: Date): DemoRecord {
	const id = `o-${Math.floor(random() * 900_000) + 100_000}`;
	const items = Array.from({length: 1 + Math.floor(random() * 3)}, () => ({
		sku: `SKU-${Math.floor(random() * 9000) + 1000}`,
		quantity: 1 + Math.floor(random() * 2),
		price_cents: 500 + Math.floor(random() * 20_000),
	}));
	const event = {
		order_id: id,
		customer: pick(random, USERS),
		items,
		currency: 'EUR',
		ts: now.toISOString(),
	};
	return {stream: DEMO_STREAMS.orders, partitionKey: id, data: json(event)};
}

/** A raw binary frame from a warehouse scale: not text, shown as bytes. */
function sensorFrame(random: Random): DemoRecord {
	const frame = new Uint8Array(24);
	for (let index = 0; index < frame.length; index++) {
		frame[index] = Math.floor(random() * 256);
	}
	frame.set([0xca, 0xfe], 0);
	return {stream: DEMO_STREAMS.orders, partitionKey: `scale-${frame[2]}`, data: frame};
}

function json(value: unknown): Uint8Array {
	return encoder.encode(JSON.stringify(value));
}
