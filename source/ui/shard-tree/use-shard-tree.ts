import {useEffect, useSyncExternalStore} from 'react';
import type {ShardTreeService, ShardTreeSnapshot} from '../../services/shard-tree.js';

/** The live tree of `stream`: the service follows the selection. */
export function useShardTree(
	service: ShardTreeService,
	stream: string | undefined,
): ShardTreeSnapshot {
	useEffect(() => service.select(stream), [service, stream]);
	return useSyncExternalStore(service.subscribe, service.getSnapshot);
}
