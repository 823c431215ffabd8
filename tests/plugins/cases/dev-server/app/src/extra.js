document.getElementById('extra').textContent = 'extra script ran';
