import account from '~icons/mdi/account';
import heart from '~icons/mdi/heart?raw';

console.log(account.startsWith('<svg'), account.includes('viewBox="0 0 24 24"'), account.length > 100);
console.log(heart === account ? 'same' : 'different icons');
