// Entry point of the demo web package.
export const hello = () => 'hello';
