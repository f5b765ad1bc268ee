import {useSyncExternalStore} from 'react';
import type {PutService, PutSnapshot} from '../../kinesis/put-service.js';

export function usePutService(service: PutService): PutSnapshot {
	return useSyncExternalStore(service.subscribe, service.getSnapshot);
}
