export declare const runtimeFlags: string[];
