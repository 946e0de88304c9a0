export declare const asyncContextFrameFlag: string;
export declare const runtimeFlags: string[];
