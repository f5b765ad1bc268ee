/** One figure of the benchmark table, as printed and as written to results.json. */
export type Result = {
	benchmark: string;
	figure: string;
	value: number;
	unit: string;
	baseline?: {name: string; value: number};
	goal?: string;
	/** Whether the goal is met; undefined where the figure has no goal of its own. */
	met?: boolean;
	engine: 'kinesalite' | 'none';
	samples?: Record<string, unknown>;
};
