// Doubles the root text size, as a reader's largest text setting does (the stylesheet sizes text in rem).
() => { const de = document.documentElement; de.style.fontSize = (parseFloat(getComputedStyle(de).fontSize) * 2) + 'px'; }
