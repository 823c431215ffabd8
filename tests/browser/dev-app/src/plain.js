// Nothing accepts this module: changing it reloads the page.
export const plain = 'plain v1';
