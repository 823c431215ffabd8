console.log('extra chunk ran');
