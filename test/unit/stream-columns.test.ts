import {describe, expect, it} from 'vitest';
import type {StreamSummary} from '../../source/model/stream.js';
import {
	fitColumns,
	streamRow,
	retentionLabel,
	statusTone,
	streamCells,
} from '../../source/format/stream-columns.js';
import {fitWidth, truncate} from '../../source/format/text-width.js';

const summary: StreamSummary = {
	name: 'clickstream',
	status: 'ACTIVE',
	mode: 'PROVISIONED',
	openShardCount: 4,
	retentionHours: 168,
	encryption: 'KMS',
	keyId: 'alias/aws/kinesis',
	consumerCount: 2,
	enhancedMetrics: [],
};

describe('stream columns', () => {
	it('shows what is known and a dot for what is not described yet', () => {
		expect(streamCells({name: 'clickstream'}, summary)).toEqual({
			name: 'clickstream',
			status: 'ACTIVE',
			mode: 'provisioned',
			shards: '4',
			retention: '7d',
			encryption: 'KMS',
			consumers: '2',
		});
		expect(streamCells({name: 'orders', status: 'CREATING', mode: 'ON_DEMAND'})).toMatchObject({
			status: 'CREATING',
			mode: 'on-demand',
			shards: '·',
		});
	});

	it('makes the stream name safe for the terminal', () => {
		expect(streamCells({name: 'evil\u001b[2Jname'}).name).toBe('evil␛[2Jname');
	});

	it('labels retention and status', () => {
		expect(retentionLabel(24)).toBe('24h');
		expect(retentionLabel(36)).toBe('36h');
		expect(retentionLabel(8760)).toBe('365d');
		expect(statusTone('ACTIVE')).toBe('ok');
		expect(statusTone('UPDATING')).toBe('changing');
		expect(statusTone('DELETING')).toBe('ending');
	});

	it('drops optional columns, last first, to leave the name room', () => {
		expect(fitColumns(120).map((column) => column.id)).toEqual([
			'name',
			'status',
			'shards',
			'mode',
			'retention',
			'encryption',
			'consumers',
		]);
		expect(fitColumns(45).map((column) => column.id)).toEqual(['name', 'status', 'shards', 'mode']);
		expect(fitColumns(24).map((column) => column.id)).toEqual(['name', 'status']);
		for (const width of [20, 40, 60, 80]) {
			const columns = fitColumns(width);
			expect(streamRow(streamCells({name: 'x'.repeat(100)}, summary), columns)).toHaveLength(width);
		}
	});

	it('cuts and pads by terminal cells, wide characters counting two', () => {
		expect(truncate('clickstream', 6)).toBe('click…');
		expect(truncate('日本語ストリーム', 7)).toBe('日本語…');
		expect(fitWidth('日本', 6)).toBe('日本  ');
		expect(fitWidth('7', 3, 'right')).toBe('  7');
	});
});
