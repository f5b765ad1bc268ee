import {Box, Text} from 'ink';
import type {Target} from '../../kinesis/connection.js';
import {sanitizeLine} from '../../format/sanitize.js';

export type ConnectionInfo = {
	target: Target;
	endpoint?: string;
	region?: string;
	profile?: string;
	readOnly: boolean;
};

/** Where the explorer is connected, in words, so nobody mistakes production for the local engine. */
export function connectionLabel(info: ConnectionInfo): string {
	const region = info.region ?? 'no region';
	const profile = info.profile ? ` · profile ${info.profile}` : '';
	switch (info.target) {
		case 'local': {
			return `local engine ${info.endpoint ?? ''}`.trim();
		}
		case 'endpoint': {
			return `endpoint ${info.endpoint ?? ''} · ${region}${profile}`;
		}
		case 'aws': {
			return `AWS ${region}${profile}`;
		}
	}
}

const TARGET_COLORS: Record<Target, string> = {local: 'green', endpoint: 'cyan', aws: 'yellow'};

/** Whether the endpoint answers, as the stream list last found it. */
export type Reach = 'connecting' | 'reachable' | 'retrying' | 'unreachable';

const REACH_COLORS: Record<Reach, string | undefined> = {
	connecting: undefined,
	reachable: 'green',
	retrying: 'yellow',
	unreachable: 'red',
};

export function Header({
	connection,
	width,
	reach,
}: {
	connection: ConnectionInfo;
	width: number;
	reach?: Reach;
}) {
	return (
		<Box width={width} height={1}>
			<Box flexGrow={1} overflow="hidden">
				<Text wrap="truncate">
					<Text bold>kinesis-explorer</Text>
					{/* Before the endpoint, which a narrow terminal cuts: never cut itself. */}
					{connection.readOnly ? <Text inverse> READ-ONLY </Text> : null}
					<Text color={TARGET_COLORS[connection.target]}>
						{connection.readOnly ? '● ' : ' ● '}
						{sanitizeLine(connectionLabel(connection))}
					</Text>
				</Text>
			</Box>
			{reach ? (
				<Text color={REACH_COLORS[reach]} dimColor={reach === 'connecting'}>
					{' '}
					{reach}
				</Text>
			) : null}
			<Text dimColor> · ? help · q quit</Text>
		</Box>
	);
}
