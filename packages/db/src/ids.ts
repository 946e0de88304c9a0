import { customAlphabet } from 'nanoid';

// 21 random characters from [0-9a-z], the shape of Logto's IDs, so clients see what they expect.
export const generateId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 21);
export const generateSecret = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 32);
