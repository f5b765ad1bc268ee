import {Text} from 'ink';
import {useEffect, useMemo} from 'react';
import type {PutDraft} from '../../model/put-draft.js';
import {draftProblems} from '../../model/put-draft.js';
import type {PutService} from '../../services/put/put-service.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {usePaneTable} from '../key-router.js';
import {noKeys} from '../key-table.js';
import {type PutFormKeyContext, putFormKeys} from './put-form-keys.js';
import type {Size} from '../layout.js';
import {useNow} from '../use-now.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {useStore} from '../use-store.js';
import {badLineRows} from './bad-lines.js';
import {FilePanel} from './file-panel.js';
import {formRows, initialPutFormState, MIN_FORM_ROWS, putFormReducer} from './put-form-state.js';
import {DraftForm} from './draft-form.js';

export type PutFormPaneProps = {
	service: PutService;
	/** The stream selected in the stream list: records go there. */
	stream?: string;
	readOnly: boolean;
	/** A record to send again, from the tail: the form takes it once for each new `count`. */
	loaded?: {draft: PutDraft; count: number};
	size: Size;
	focused: boolean;
};

export function PutFormPane({service, stream, readOnly, loaded, size, focused}: PutFormPaneProps) {
	const snapshot = useStore(service);
	const [state, dispatch, current] = useSyncReducer(putFormReducer, initialPutFormState);
	useEffect(() => {
		if (loaded) {
			dispatch({type: 'load', draft: loaded.draft});
		}
	}, [loaded, dispatch]);
	const content = paneContentSize(size);
	const rows = formRows(content.height);
	const sending =
		snapshot.file?.phase === 'sending' ||
		snapshot.file?.phase === 'checking' ||
		snapshot.send?.phase === 'sending';
	const now = useNow(500, sending);
	const history = useMemo(
		() => snapshot.history.filter((record) => record.stream === stream),
		[snapshot.history, stream],
	);
	const problems = useMemo(() => draftProblems(state.draft), [state.draft]);

	useEffect(() => {
		service.watch(stream);
	}, [service, stream]);

	const keyContext = (): PutFormKeyContext => ({
		state: current(),
		dispatch,
		service,
		history,
		fields: rows?.fields ?? [],
		badLineRows: badLineRows(content.height),
		stream,
	});
	// Read-only, or too small for the form: the pane takes no key.
	const usable = !readOnly && rows !== undefined;
	usePaneTable(usable ? putFormKeys : noKeys, keyContext, {isActive: focused});

	const info = stream === undefined ? undefined : sanitizeLine(stream);
	return (
		<Pane number={4} title="Put" info={info} size={size} focused={focused}>
			{readOnly ? (
				<Text color="yellow" wrap="wrap">
					Read-only: sending is off (--read-only).
				</Text>
			) : !rows ? (
				<Text color="yellow" wrap="truncate">
					Too small for the form: it needs {MIN_FORM_ROWS} rows, it has {content.height}.
				</Text>
			) : state.file && stream !== undefined ? (
				<FilePanel
					panel={state.file}
					job={snapshot.file}
					stream={stream}
					formKey={state.draft.partitionKey}
					focused={focused}
					now={now}
					width={content.width}
					height={content.height}
				/>
			) : (
				<DraftForm
					now={now}
					state={state}
					snapshot={snapshot}
					rows={rows}
					problems={problems}
					history={history}
					stream={stream}
					focused={focused}
					width={content.width}
				/>
			)}
		</Pane>
	);
}
