import {useSyncExternalStore} from 'react';
import type {PutService, PutSnapshot} from '../../services/put/put-service.js';

export function usePutService(service: PutService): PutSnapshot {
	return useSyncExternalStore(service.subscribe, service.getSnapshot);
}
