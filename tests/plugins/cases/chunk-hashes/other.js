console.log('other');
