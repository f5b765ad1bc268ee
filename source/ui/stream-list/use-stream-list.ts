import {useSyncExternalStore} from 'react';
import type {StreamListService, StreamListSnapshot} from '../../services/stream-list.js';

export function useStreamList(service: StreamListService): StreamListSnapshot {
	return useSyncExternalStore(service.subscribe, service.getSnapshot);
}
