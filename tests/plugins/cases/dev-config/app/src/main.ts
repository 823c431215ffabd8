import text from './note.txt';
document.body.dataset.out = `${text} | ${__GREETING__}`;
