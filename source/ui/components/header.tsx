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

export function Header({connection, width}: {connection: ConnectionInfo; width: number}) {
	return (
		<Box width={width} height={1}>
			<Box flexGrow={1} overflow="hidden">
				<Text wrap="truncate">
					<Text bold>kinesis-explorer</Text>
					<Text color={TARGET_COLORS[connection.target]}>
						{' ● '}
						{sanitizeLine(connectionLabel(connection))}
					</Text>
					{connection.readOnly ? <Text inverse> READ-ONLY </Text> : null}
				</Text>
			</Box>
			<Text dimColor> ? help · q quit</Text>
		</Box>
	);
}
